/** The dashboard's Feature adoption rows: the share of live licenses on, the spread in words, hostile names as one line. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { packageAdoption, parameterAdoption, sharePercent } from '../../../src/core/features/adoption';
import { LmoFeatureIndex } from '../../../src/core/features/drift';
import { analyzeFeatureSource } from '../../../src/core/features/sourceAnalyzer';
import { booleanDistribution, dateDistribution, integerDistribution, type PackageFeatures } from '../../../src/core/features/distribution';
import { type FeatureParameter } from '../../../src/core/features/parameter';

const parameter = (name: string, dataType: FeatureParameter['dataType'], direction: FeatureParameter['direction']): FeatureParameter => ({
  id: `a0F${name.length}`,
  fullName: `acme__${name}`,
  name,
  namespace: 'acme',
  dataType,
  direction,
  packageId: 'a055g0000000001AAA',
  introducedIn: undefined,
});

const features = (liveLicenses: number, parameters: PackageFeatures['parameters']): PackageFeatures => ({
  packageId: 'a055g0000000001AAA',
  liveLicenses,
  parameters,
  apiCalls: 2,
});

describe('feature adoption (the dashboard card)', () => {
  it('gives a Boolean its share of all live licenses, counting licenses without a value as not on', () => {
    const adoption = packageAdoption(
      'Acme Billing',
      features(400, [{ parameter: parameter('AdvancedReports', 'Boolean', 'LmoToSubscriber'), distribution: booleanDistribution(90, 210), withoutValue: 100 }]),
    );
    assert.equal(adoption.liveLicenses, 400);
    const [row] = adoption.parameters;
    assert.deepEqual(
      [row.name, row.dataType, row.direction, row.on, row.share, row.withoutValue],
      ['AdvancedReports', 'Boolean', 'LmoToSubscriber', 90, 0.225, 100],
    );
    // The words say what the bar shows: the share of every live license, not of those with a value.
    assert.equal(row.summary, 'on for 90 of 400 live licenses (23%); 100 have no value yet');
  });

  it('words an Integer and a Date by their spread, with no share', () => {
    const adoption = packageAdoption(
      'Acme Billing',
      features(50, [
        {
          parameter: parameter('ApiCallsUsed', 'Integer', 'SubscriberToLmo'),
          distribution: integerDistribution({ records: 50, values: 48, min: 0, max: 9_000 }, undefined),
          withoutValue: 0,
        },
        {
          parameter: parameter('TrialEnds', 'Date', 'LmoToSubscriber'),
          distribution: dateDistribution({ records: 50, values: 10, past: 4, earliest: calendarDate('2025-01-01'), latest: calendarDate('2027-06-30') }),
          withoutValue: 0,
        },
      ]),
    );
    assert.deepEqual(
      adoption.parameters.map((p) => [p.name, p.direction, p.on, p.share, p.summary]),
      [
        ['ApiCallsUsed', 'SubscriberToLmo', undefined, undefined, '48 values: min 0, median not counted, max 9,000'],
        ['TrialEnds', 'LmoToSubscriber', undefined, undefined, '10 dates: 4 in the past, 6 today or later (2025-01-01 … 2027-06-30)'],
      ],
    );
  });

  it('never rounds some to 0% or not all to 100%', () => {
    assert.deepEqual(
      [
        [0, 10],
        [1, 1000],
        [4, 1000],
        [5, 1000],
        [995, 1000],
        [999, 1000],
        [1000, 1000],
        [1, 3],
      ].map(([part, whole]) => sharePercent(part, whole)),
      ['0%', '<1%', '<1%', '1%', '>99%', '>99%', '100%', '33%'],
    );
  });

  it('has no share without live licenses, and keeps names to one line', () => {
    const adoption = packageAdoption(
      'Acme\nBilling\u202e',
      features(0, [{ parameter: parameter('Line\nBreak', 'Boolean', 'LmoToSubscriber'), distribution: booleanDistribution(0, 0), withoutValue: 0 }]),
    );
    assert.ok(!/[\n\u202e]/.test(adoption.packageName), JSON.stringify(adoption.packageName));
    assert.ok(!adoption.parameters[0].name.includes('\n'));
    assert.equal(adoption.parameters[0].share, undefined);
    assert.equal(adoption.parameters[0].summary, 'no live licenses');
  });

  it('words an Integer or Date with live licenses that have no value yet: the count apart, after the spread', () => {
    const [row] = packageAdoption(
      'Acme Billing',
      features(60, [
        {
          parameter: parameter('ApiCallsUsed', 'Integer', 'SubscriberToLmo'),
          distribution: integerDistribution({ records: 50, values: 48, min: 0, max: 9_000 }, undefined),
          withoutValue: 10,
        },
      ]),
    ).parameters;
    assert.equal(row.summary, '48 values: min 0, median not counted, max 9,000; 10 have no value yet');
    assert.equal(row.live, 60);
  });
});

describe('feature adoption: one number per question on every surface', () => {
  // 641 on, 33 off and 166 with no value record among 840 + 166 = 1,006 live licenses (the case).
  const item = { parameter: parameter('AdvancedReports', 'Boolean', 'LmoToSubscriber'), distribution: booleanDistribution(641, 199), withoutValue: 166 };
  const card = packageAdoption('Acme Billing', features(1006, [item])).parameters[0];

  it('gives the share of live licenses, never of the licenses that have a value', () => {
    assert.equal(card.summary, 'on for 641 of 1,006 live licenses (64%); 166 have no value yet');
    assert.equal(card.share, 641 / 1006);
    assert.deepEqual(parameterAdoption(item, 1006), card, 'the tree, the command line and the card: one function');
  });

  it('hover and CodeLens on the parameter file say what the card says', () => {
    const reporting = { ...item.parameter, id: 'a0F000000000009', fullName: 'acme__AdvancedReports' };
    const findings = analyzeFeatureSource(
      'force-app/main/default/featureParameters/AdvancedReports.featureParameterBoolean-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<FeatureParameterBoolean xmlns="http://soap.sforce.com/2006/04/metadata">\n  <dataflowDirection>LmoToSubscriber</dataflowDirection>\n  <masterLabel>AdvancedReports</masterLabel>\n  <value>false</value>\n</FeatureParameterBoolean>\n',
      {
        project: { directories: [{ path: 'force-app', packageName: 'Acme Billing' }], namespace: 'acme' },
        declared: [],
        lmo: new LmoFeatureIndex([{ id: 'a055g0000000001AAA', name: 'Acme Billing' } as never], [reporting]),
        distributions: new Map([['a0F000000000009', { item: { ...item, parameter: reporting }, liveLicenses: 1006 }]]),
        versions: [],
        orgLabel: 'Acme LMO',
      },
    );
    assert.deepEqual(
      findings.lenses.map((l) => l.title),
      [card.summary],
    );
    assert.ok(findings.hovers[0]?.lines.includes(card.summary), JSON.stringify(findings.hovers));
  });
});
