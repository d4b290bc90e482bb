/** One source file in the editor: its drift as problems, hovers with the LMO's facts, the spread as a CodeLens; without an LMO, what the source alone tells. */
import * as assert from 'node:assert/strict';
import { booleanDistribution } from '../../../src/core/features/distribution';
import { LmoFeatureIndex, indexFeatureSource } from '../../../src/core/features/drift';
import { type FeatureParameter } from '../../../src/core/features/parameter';
import { type FeatureEvidence, analyzeFeatureSource } from '../../../src/core/features/sourceAnalyzer';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const file = (type: string, direction: string) =>
  `<?xml version="1.0"?>\n<FeatureParameter${type} xmlns="${NS}">\n  <dataflowDirection>${direction}</dataflowDirection>\n  <masterLabel>L</masterLabel>\n  <value>${type === 'Boolean' ? 'false' : '1'}</value>\n</FeatureParameter${type}>`;
const project = { namespace: 'bill', directories: [{ path: 'billing', packageName: 'Billing' }] };
const reporting: FeatureParameter = {
  id: 'a0F000000000001AAA',
  fullName: 'bill__Reporting',
  name: 'Reporting',
  namespace: 'bill',
  dataType: 'Boolean',
  direction: 'LmoToSubscriber',
  packageId: 'a0P000000000001',
  introducedIn: '04t000000000009',
};
const usage: FeatureParameter = {
  ...reporting,
  id: 'a0F000000000002AAA',
  fullName: 'bill__Usage',
  name: 'Usage',
  dataType: 'Integer',
  direction: 'SubscriberToLmo',
};
const REPORTING_PATH = 'billing/featureParameters/Reporting.featureParameterBoolean-meta.xml';
const declared = indexFeatureSource([{ path: REPORTING_PATH, text: file('Boolean', 'LmoToSubscriber') }], project).parameters;
const withLmo: FeatureEvidence = {
  project,
  declared,
  lmo: new LmoFeatureIndex([{ id: 'a0P000000000001AAA', name: 'Billing' }], [reporting, usage]),
  distributions: new Map([
    ['a0F000000000001', { item: { parameter: reporting, distribution: booleanDistribution(30, 10), withoutValue: 5 }, liveLicenses: 45 }],
  ]),
  versions: [{ id: 'a0V000000000001', versionId: '04t000000000009AAA', versionNumber: '2.4.0' }],
  orgLabel: 'Acme LMO',
};
const withoutLmo: FeatureEvidence = { ...withLmo, lmo: undefined, distributions: new Map() };

describe('feature source in the editor', () => {
  it('hovers on a parameter file with its type, direction, the version it shipped in and its spread, and shows the spread as a CodeLens', () => {
    const text = file('Boolean', 'LmoToSubscriber');
    const findings = analyzeFeatureSource(REPORTING_PATH, text, withLmo);
    assert.deepEqual(findings.diagnostics, []);
    assert.equal(findings.hovers.length, 1);
    assert.equal(findings.hovers[0].title, 'bill__Reporting');
    assert.deepEqual(findings.hovers[0].lines, [
      'Boolean · LMO → subscriber · since 2.4.0',
      // The share of every live license, as the dashboard's card says it; those with no value counted apart.
      'on for 30 of 45 live licenses (67%); 5 have no value yet',
      'No value yet: a live license with no value record of the parameter (installed before it shipped).',
    ]);
    assert.ok(findings.hovers[0].spans[0].offset <= text.indexOf('<FeatureParameterBoolean'));
    assert.deepEqual(
      findings.lenses.map((l) => l.title),
      ['on for 30 of 45 live licenses (67%); 5 have no value yet'],
    );
  });

  it('hovers on an Apex call of a subscriber → LMO parameter with the note that the subscriber reports it', () => {
    const apex = "Integer n = FeatureManagement.checkPackageIntegerValue('Usage');";
    const findings = analyzeFeatureSource('billing/classes/A.cls', apex, withLmo);
    assert.equal(findings.hovers.length, 1);
    const hover = findings.hovers[0];
    assert.equal(apex.slice(hover.spans[0].offset, hover.spans[0].offset + hover.spans[0].length), 'Usage');
    assert.equal(hover.title, 'bill__Usage');
    assert.match(hover.lines.join('\n'), /^Integer · subscriber → LMO · since 2\.4\.0\nReported by the subscriber org/);
  });

  it('reports drift only in the file analyzed, and resolves Apex against parameters declared in other files', () => {
    const apex = "Boolean b = FeatureManagement.checkPackageBooleanValue('Reporting'); Integer i = FeatureManagement.checkPackageIntegerValue('Missing');";
    const findings = analyzeFeatureSource('billing/classes/A.cls', apex, withLmo);
    assert.deepEqual(
      findings.diagnostics.map((d) => [d.code, d.severity, apex.slice(d.span.offset, d.span.offset + d.span.length)]),
      [['feature.apexUnknown', 'warning', 'Missing']],
    );
    assert.deepEqual(
      findings.hovers.map((h) => h.title),
      ['bill__Reporting', 'Missing'],
    );
    assert.match(findings.hovers[1].lines[0], /^Not in Acme LMO/);
  });

  it('without an LMO reports only what the source alone tells: wrong type or direction in Apex, invalid metadata — and no hovers', () => {
    const apex =
      "Integer n = FeatureManagement.checkPackageIntegerValue('Reporting'); FeatureManagement.setPackageBooleanValue('Reporting', true); FeatureManagement.checkPackageBooleanValue('Unknown');";
    const findings = analyzeFeatureSource('billing/classes/A.cls', apex, withoutLmo);
    assert.deepEqual(
      findings.diagnostics.map((d) => d.code),
      ['feature.apexTypeDiffers', 'feature.apexSetsLmoToSubscriber'],
    );
    assert.deepEqual(findings.hovers, []);
    assert.deepEqual(findings.lenses, []);
    const broken = analyzeFeatureSource(REPORTING_PATH, '<FeatureParameterBoolean', withoutLmo);
    assert.ok(broken.diagnostics.length > 0 && broken.diagnostics.every((d) => d.code === 'feature.invalidMetadata' && d.severity === 'error'));
  });

  it('says a parameter the LMO has never seen is not released, with an information, and hovers that no subscriber has it', () => {
    const path = 'billing/featureParameters/Fresh.featureParameterInteger-meta.xml';
    const findings = analyzeFeatureSource(path, file('Integer', 'LmoToSubscriber'), withLmo);
    assert.deepEqual(
      findings.diagnostics.map((d) => [d.code, d.severity]),
      [['feature.notReleased', 'information']],
    );
    assert.equal(findings.hovers[0].title, 'Fresh');
    assert.match(findings.hovers[0].lines[0], /no subscriber has installed a version that contains it/);
  });
});
