/** The dashboard's Feature adoption rows: the share of live licenses on, the spread in words, hostile names as one line. */
import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { packageAdoption, sharePercent } from '../../../src/core/features/adoption';
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
        ['ApiCallsUsed', 'SubscriberToLmo', undefined, undefined, '48 values: min 0, median ?, max 9,000'],
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
});
