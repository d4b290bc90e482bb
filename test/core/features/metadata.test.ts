/** Feature parameter files in source format and Apex references: what the reader accepts, refuses and where it points. */
import * as assert from 'node:assert/strict';
import { findApexFeatureReferences } from '../../../src/core/features/apexReferences';
import { featureParameterFileName, parseFeatureParameterFile, parseFlatXml } from '../../../src/core/features/metadataXml';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const file = (root: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">\n${body}\n</${root}>\n`;
const at = (text: string, span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);

describe('feature parameter metadata files', () => {
  it('reads name and type from the file name, and label, default and direction with their text ranges', () => {
    const text = file(
      'FeatureParameterBoolean',
      '    <dataflowDirection>LmoToSubscriber</dataflowDirection>\n    <masterLabel>Pricing &amp; Quotes &#x263A;</masterLabel>\n    <value>true</value>',
    );
    const parsed = parseFeatureParameterFile('force-app/main/default/featureParameters/AdvancedPricing.featureParameterBoolean-meta.xml', text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.problems, []);
    const p = parsed.parameter;
    assert.equal(p.name, 'AdvancedPricing');
    assert.equal(p.dataType, 'Boolean');
    assert.equal(p.direction, 'LmoToSubscriber');
    assert.equal(p.masterLabel, 'Pricing & Quotes ☺');
    assert.equal(p.defaultValue, 'true');
    assert.equal(at(text, p.directionSpan as never), 'LmoToSubscriber');
    assert.equal(at(text, p.valueSpan as never), 'true');
    assert.ok(at(text, p.span).startsWith('<FeatureParameterBoolean') && at(text, p.span).endsWith('</FeatureParameterBoolean>'));
  });

  it('points at what leaves the shape: a wrong direction, a default of the wrong type, a root that contradicts the file name, an unknown field', () => {
    const text = file(
      'FeatureParameterDate',
      '<dataflowDirection>Sideways</dataflowDirection><masterLabel>X</masterLabel><value>2026-02-30</value><colour>red</colour>',
    );
    const parsed = parseFeatureParameterFile('Renewal.featureParameterInteger-meta.xml', text);
    assert.ok(parsed.ok);
    const messages = parsed.problems.map((p) => `${p.message} @${at(text, p.span)}`);
    assert.ok(
      messages.some((m) => /file name says Integer/.test(m) && m.endsWith('@FeatureParameterDate')),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => /LmoToSubscriber or SubscriberToLmo, not "Sideways"/.test(m) && m.endsWith('@Sideways')));
    assert.ok(messages.some((m) => /whole number, not "2026-02-30"/.test(m)));
    assert.ok(messages.some((m) => /<colour> is not a field/.test(m)));
  });

  it('refuses a DTD (no entity expansion), nested elements, unknown entities and unclosed tags, saying where', () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><FeatureParameterBoolean><value>&a;</value></FeatureParameterBoolean>';
    const r1 = parseFlatXml(dtd);
    assert.ok(!r1.ok && /Document type declarations/.test(r1.problems[0].message) && r1.problems[0].span.offset === dtd.indexOf('<!DOCTYPE'));
    const nested = '<Root><value><b>x</b></value></Root>';
    const r2 = parseFlatXml(nested);
    assert.ok(!r2.ok && /holds text only/.test(r2.problems[0].message) && r2.problems[0].span.offset === nested.indexOf('<b>'));
    const r3 = parseFlatXml('<Root><value>&nbsp;</value></Root>');
    assert.ok(!r3.ok && /Unknown entity &nbsp;/.test(r3.problems[0].message));
    const r4 = parseFlatXml('<Root><value>1</value>');
    assert.ok(!r4.ok && /not closed/.test(r4.problems[0].message));
    const r5 = parseFlatXml('<Root><value>1</value></Root><Other/>');
    assert.ok(!r5.ok && /Nothing may follow/.test(r5.problems[0].message));
  });

  it('keeps CDATA and comments apart from the text, and knows its files by name', () => {
    const r = parseFlatXml('<!-- a --><Root a="1"><!-- b --><masterLabel><![CDATA[<b>&</b>]]> <!-- c -->x</masterLabel></Root>');
    assert.ok(r.ok);
    assert.equal(r.document.children.get('masterLabel')?.text, '<b>&</b> x');
    assert.equal(r.document.attributes.get('a'), '1');
    assert.deepEqual(featureParameterFileName('a/b/Limit.featureParameterInteger-meta.xml'), { name: 'Limit', dataType: 'Integer' });
    assert.equal(featureParameterFileName('Limit.featureParameterInteger'), undefined);
    assert.equal(featureParameterFileName('Limit.cls-meta.xml'), undefined);
  });
});

describe('Apex references to feature parameters', () => {
  it('finds check and set calls of every type, with the name range, in any letter case and with System.', () => {
    const src = [
      "Boolean a = FeatureManagement.checkPackageBooleanValue('Alpha');",
      "Integer b = System.FeatureManagement.CHECKPACKAGEINTEGERVALUE( 'Beta' );",
      "Date c = featuremanagement . checkPackageDateValue(\n  'Gamma');",
      "FeatureManagement.setPackageIntegerValue('Delta', 3);",
    ].join('\n');
    const refs = findApexFeatureReferences(src);
    assert.deepEqual(
      refs.map((r) => [r.name, r.access, r.dataType, at(src, r.nameSpan)]),
      [
        ['Alpha', 'check', 'Boolean', 'Alpha'],
        ['Beta', 'check', 'Integer', 'Beta'],
        ['Gamma', 'check', 'Date', 'Gamma'],
        ['Delta', 'set', 'Integer', 'Delta'],
      ],
    );
    assert.match(at(src, refs[1].callSpan), /^System\.FeatureManagement\.CHECKPACKAGEINTEGERVALUE\($/);
  });

  it('ignores calls inside line and block comments and string literals, and calls whose name is not a literal', () => {
    const src = [
      "// FeatureManagement.checkPackageBooleanValue('InLineComment');",
      "/* FeatureManagement.checkPackageBooleanValue('InBlock')",
      "   still a comment */ String s = 'FeatureManagement.checkPackageBooleanValue(\\'InString\\')';",
      'Boolean v = FeatureManagement.checkPackageBooleanValue(name);',
      "String t = 'it''s'; Boolean w = FeatureManagement.checkPackageBooleanValue('Real'); // trailing",
    ].join('\n');
    assert.deepEqual(
      findApexFeatureReferences(src).map((r) => r.name),
      ['Real'],
    );
  });
});
