/** Source against the LMO: every drift kind, matched through the package a file belongs to or the project namespace. */
import * as assert from 'node:assert/strict';
import { LmoFeatureIndex, featureDrift, indexFeatureSource, packageOfPath } from '../../../src/core/features/drift';
import { type FeatureParameter } from '../../../src/core/features/parameter';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const xml = (type: string, direction: string) =>
  `<?xml version="1.0"?>\n<FeatureParameter${type} xmlns="${NS}"><dataflowDirection>${direction}</dataflowDirection><masterLabel>L</masterLabel><value>${type === 'Boolean' ? 'false' : type === 'Integer' ? '1' : '2026-01-01'}</value></FeatureParameter${type}>`;
const param = (fullName: string, dataType: FeatureParameter['dataType'], direction: FeatureParameter['direction'], packageId: string): FeatureParameter => ({
  id: `a0F${fullName.length}`,
  fullName,
  name: fullName.split('__')[1],
  namespace: fullName.split('__')[0],
  dataType,
  direction,
  packageId,
  introducedIn: undefined,
});
const project = {
  namespace: 'bill',
  directories: [
    { path: 'billing', packageName: 'Billing' },
    { path: 'quotes', packageName: 'Quotes' },
    { path: 'other', packageName: undefined },
  ],
};
const lmo = new LmoFeatureIndex(
  [
    { id: 'a0P000000000001', name: 'Billing' },
    { id: 'a0P000000000002', name: 'Quotes' },
  ],
  [
    param('bill__Reporting', 'Boolean', 'LmoToSubscriber', 'a0P000000000001'),
    param('bill__Limit', 'Integer', 'LmoToSubscriber', 'a0P000000000001'),
    param('bill__Usage', 'Integer', 'SubscriberToLmo', 'a0P000000000001'),
    param('quo__Templates', 'Integer', 'LmoToSubscriber', 'a0P000000000002'),
    param('quo__Reporting', 'Date', 'LmoToSubscriber', 'a0P000000000002'),
  ],
);

describe('feature parameter drift', () => {
  it('maps a file to the longest package directory that holds it', () => {
    assert.equal(
      packageOfPath(
        {
          namespace: undefined,
          directories: [
            { path: 'a', packageName: 'A' },
            { path: 'a/b/', packageName: 'B' },
          ],
        },
        'a/b/c.cls',
      ),
      'B',
    );
    assert.equal(packageOfPath({ namespace: undefined, directories: [{ path: 'a', packageName: 'A' }] }, 'ab/c.cls'), undefined);
  });

  it('reports a parameter the LMO has not seen, a differing type and a differing direction, and nothing for one that agrees', () => {
    const source = indexFeatureSource(
      [
        { path: 'billing/fp/Reporting.featureParameterBoolean-meta.xml', text: xml('Boolean', 'LmoToSubscriber') },
        { path: 'billing/fp/Limit.featureParameterDate-meta.xml', text: xml('Date', 'LmoToSubscriber') },
        { path: 'billing/fp/Usage.featureParameterInteger-meta.xml', text: xml('Integer', 'LmoToSubscriber') },
        { path: 'billing/fp/Brand_New.featureParameterBoolean-meta.xml', text: xml('Boolean', 'LmoToSubscriber') },
        // Same bare name in another package: matched within its package, so no drift.
        { path: 'quotes/fp/Reporting.featureParameterDate-meta.xml', text: xml('Date', 'LmoToSubscriber') },
      ],
      project,
    );
    const findings = featureDrift(source, lmo, project);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.parameterName, f.severity]),
      [
        ['typeDiffers', 'Limit', 'error'],
        ['directionDiffers', 'Usage', 'error'],
        ['notReleased', 'Brand_New', 'information'],
      ],
    );
    const direction = findings[1];
    const text = xml('Integer', 'LmoToSubscriber');
    assert.equal(text.slice(direction.span.offset, direction.span.offset + direction.span.length), 'LmoToSubscriber');
    assert.equal(direction.lmo?.fullName, 'bill__Usage');
  });

  it('checks Apex: unknown names, the wrong type, setting an LMO → subscriber parameter; an Apex call of a parameter only in the source is not released yet', () => {
    const apex =
      "FeatureManagement.checkPackageBooleanValue('Reporting'); FeatureManagement.checkPackageBooleanValue('Limit'); FeatureManagement.setPackageBooleanValue('Reporting', true); FeatureManagement.checkPackageBooleanValue('Nowhere'); FeatureManagement.setPackageIntegerValue('Usage', 1); FeatureManagement.checkPackageBooleanValue('Brand_New');";
    const source = indexFeatureSource(
      [
        { path: 'billing/classes/A.cls', text: apex },
        { path: 'billing/fp/Brand_New.featureParameterBoolean-meta.xml', text: xml('Boolean', 'LmoToSubscriber') },
      ],
      project,
    );
    const kinds = featureDrift(source, lmo, project)
      .filter((f) => f.file.endsWith('.cls'))
      .map((f) => `${f.kind}:${f.parameterName}`);
    assert.deepEqual(kinds, ['apexTypeDiffers:Limit', 'apexSetsLmoToSubscriber:Reporting', 'apexUnknown:Nowhere', 'notReleased:Brand_New']);
  });

  it('falls back to the project namespace outside a linked package, and reports invalid metadata', () => {
    const source = indexFeatureSource(
      [
        { path: 'other/fp/Limit.featureParameterInteger-meta.xml', text: xml('Integer', 'LmoToSubscriber') },
        { path: 'other/fp/Broken.featureParameterInteger-meta.xml', text: '<FeatureParameterInteger>' },
      ],
      project,
    );
    const findings = featureDrift(source, lmo, project);
    assert.deepEqual(
      findings.map((f) => f.kind),
      ['invalidMetadata'],
    );
  });
});
