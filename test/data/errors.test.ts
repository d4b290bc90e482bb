/**
 * What a user reads when the org refuses: every error the API (through jsforce and
 * @salesforce/core) or the network throws becomes one LmoError kind with an actionable message.
 * The errors are shaped as jsforce throws them: `name` and `errorCode` are Salesforce's error
 * code, `message` its text; network failures carry a Node error `code`, possibly on a `cause`.
 */
import * as assert from 'node:assert/strict';
import { type LmoErrorKind, LmoError, cancelled, isLmoError, notConnected, toLmoError, usageError } from '../../src/data/org/errors';
import { type OrgTarget } from '../../src/data/org/orgTarget';

const TARGET: OrgTarget = {
  source: 'cli',
  label: 'acme-lmo',
  username: 'admin@acme.example',
  alias: 'acme-lmo',
  instanceUrl: 'https://acme.my.salesforce.com',
  orgId: '00D5g0000012345AAA',
  reloginHint: 'sf org login web --alias acme-lmo --instance-url https://acme.my.salesforce.com',
};
const apiError = (errorCode: string, message: string) => Object.assign(new Error(message), { name: errorCode, errorCode });
const classify = (error: unknown, target = TARGET): [LmoErrorKind, string, string | undefined] => {
  const e = toLmoError(error, target);
  return [e.kind, e.message, e.errorCode];
};

describe('errors from the org, as the user reads them', () => {
  it('an expired session: log in again, with the exact command', () => {
    const expected =
      'The session for acme-lmo has expired or is no longer valid. Log in again: sf org login web --alias acme-lmo --instance-url https://acme.my.salesforce.com';
    assert.deepEqual(classify(apiError('INVALID_SESSION_ID', 'Session expired or invalid')), ['sessionExpired', expected, 'INVALID_SESSION_ID']);
    assert.equal(classify(new Error('Unable to refresh session due to: invalid_grant'))[0], 'sessionExpired');
    assert.equal(classify(new Error('Error authenticating with the refresh token due to: expired access/refresh token'))[0], 'sessionExpired');
  });

  it('the daily API limit: the org’s own, not a permission problem', () => {
    const [kind, message, code] = classify(apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    assert.equal(kind, 'apiLimit');
    assert.equal(code, 'REQUEST_LIMIT_EXCEEDED');
    assert.match(message, /^acme-lmo has used up its daily API request limit \(REQUEST_LIMIT_EXCEEDED\)\. This is the org's own limit/);
  });

  it('the LMA (or the FMA) not installed or not visible, told apart by the object the org names', () => {
    const lma = classify(apiError('INVALID_TYPE', "sObject type 'sfLma__License__c' is not supported."));
    assert.equal(lma[0], 'lmaMissing');
    assert.match(lma[1], /^The License Management App is not installed in acme-lmo/);
    const fma = classify(apiError('INVALID_TYPE', "sObject type 'sfFma__FeatureParameter__c' is not supported."));
    assert.equal(fma[0], 'lmaMissing');
    assert.match(fma[1], /^The Feature Management App is not installed in acme-lmo/);
    // Another object: our own query is wrong.
    assert.equal(classify(apiError('INVALID_TYPE', "sObject type 'Foo__c' is not supported."))[0], 'invalidQuery');
  });

  it('missing permissions name the code; a hidden LMA field is field-level security', () => {
    for (const code of [
      'INSUFFICIENT_ACCESS',
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
      'API_DISABLED_FOR_ORG',
      'API_CURRENTLY_DISABLED',
      'FUNCTIONALITY_NOT_ENABLED',
    ]) {
      const [kind, message] = classify(apiError(code, 'no'));
      assert.equal(kind, 'permission', code);
      assert.equal(
        message,
        `Your user in acme-lmo lacks a permission this needs (${code}). Ask your Salesforce admin for it; the LMA needs at least Read on License, Package and Package Version.`,
      );
    }
    const fls = classify(apiError('INVALID_FIELD', "No such column 'sfLma__Seats__c' on entity 'sfLma__License__c'."));
    assert.equal(fls[0], 'permission');
    assert.match(fls[1], /^acme-lmo refused an LMA field: it may be hidden from your user by field-level security/);
    assert.equal(classify(apiError('INVALID_FIELD', "No such column 'Foo' on entity 'Account'."))[0], 'invalidQuery');
  });

  it('a long query: narrow the filter; too many groups: narrow the scope', () => {
    assert.deepEqual(classify(apiError('QUERY_TIMEOUT', 'Your query request was running for too long.')).slice(0, 1), ['queryTimeout']);
    assert.match(classify(apiError('QUERY_TIMEOUT', 'x'))[1], /^acme-lmo stopped a query that ran too long \(QUERY_TIMEOUT\)\. Narrow the filter/);
    // Salesforce's own answer carries EXCEEDED_ID_LIMIT.
    const groups = classify(apiError('EXCEEDED_ID_LIMIT', 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch'));
    assert.equal(groups[0], 'aggregateTooLarge');
    assert.equal(groups[1], 'acme-lmo has more groups than one aggregate query may return (2,000 rows). Narrow the scope to one package and try again.');
    assert.equal(classify(apiError('MALFORMED_QUERY', 'Aggregate query does not support queryMore()'))[0], 'aggregateTooLarge');
    assert.equal(classify(apiError('MALFORMED_QUERY', 'the query exceeds the aggregate limit'))[0], 'aggregateTooLarge');
  });

  it('a query the org rejects is ours to fix: reported as such', () => {
    for (const code of ['MALFORMED_QUERY', 'INVALID_QUERY_FILTER_OPERATOR']) {
      const [kind, message] = classify(apiError(code, 'unexpected token: FROM'));
      assert.equal(kind, 'invalidQuery');
      assert.equal(message, `acme-lmo rejected a query from LMA Workbench (${code}). Please report this; the details are in the LMA Workbench log.`);
    }
  });

  it('a record gone, a server error, a page that is not the API', () => {
    assert.deepEqual(classify(apiError('NOT_FOUND', 'The requested resource does not exist')), [
      'notFound',
      'The record no longer exists in acme-lmo or you cannot see it.',
      'NOT_FOUND',
    ]);
    assert.equal(classify(apiError('ENTITY_IS_DELETED', 'entity is deleted'))[0], 'notFound');
    for (const code of ['ERROR_HTTP_500', 'ERROR_HTTP_503', 'UNKNOWN_EXCEPTION', 'SERVER_UNAVAILABLE'])
      assert.equal(classify(apiError(code, 'x'))[0], 'serverError', code);
    assert.equal(classify(apiError('ERROR_HTTP_404', 'x'))[0], 'unknown');
    const html = classify(new Error('HTTP response contains html content. Check that the org exists and can be reached.'));
    assert.equal(html[0], 'badResponse');
    assert.match(html[1], /Check that acme-lmo at https:\/\/acme\.my\.salesforce\.com is reachable\.$/);
    assert.equal(classify(new SyntaxError('Unexpected token < in JSON at position 0'))[0], 'badResponse');
  });

  it('an HTTP error with no body says so', () => {
    const e = toLmoError({ errorCode: 'ERROR_HTTP_502' }, TARGET);
    assert.equal(e.kind, 'serverError');
    assert.equal(e.detail, 'ERROR_HTTP_502: HTTP 502 with no details in the response');
  });

  it('the network: where it could not reach, with the code found on the error or its causes', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    assert.deepEqual(classify(refused), [
      'network',
      'Cannot reach acme-lmo at https://acme.my.salesforce.com (ECONNREFUSED). Check your network connection, VPN or proxy settings.',
      'ECONNREFUSED',
    ]);
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    assert.equal(
      classify(wrapped)[1],
      'Cannot reach acme-lmo at https://acme.my.salesforce.com (ENOTFOUND). Check your network connection, VPN or proxy settings.',
    );
    const plain = classify(new Error('socket hang up'), { ...TARGET, instanceUrl: undefined });
    assert.equal(plain[1], 'Cannot reach acme-lmo. Check your network connection, VPN or proxy settings.');
    // A code that is not a network failure, and causes nested too deep, say nothing more.
    assert.equal(classify(Object.assign(new Error('boom'), { code: 'ERR_ASSERTION' }))[0], 'unknown');
    let deep: object = { code: 'ECONNRESET' };
    for (let i = 0; i < 6; i++) deep = { message: 'wrapped', cause: deep };
    assert.equal(classify(deep)[0], 'unknown');
  });

  it('anything else: the org and the text, without the code when there is none', () => {
    assert.deepEqual(classify(new Error('  something odd  ')), ['unknown', 'acme-lmo: something odd', 'Error']);
    assert.deepEqual(classify({ message: 'odd' }), ['unknown', 'acme-lmo: odd', undefined]);
    assert.equal(toLmoError({ message: 'odd' }, TARGET).detail, 'odd');
    assert.equal(toLmoError(apiError('WEIRD', 'odd'), TARGET).detail, 'WEIRD: odd');
    assert.equal(classify(undefined)[1], 'acme-lmo: undefined');
  });

  it('never shows an access token, in the message or the detail', () => {
    const token = '00D5g0000012345!AQ4AQFakeTokenValueThatIsLongEnoughToLookReal0123456789abcdefABCDEF';
    const e = toLmoError(new Error(`bad request with ${token}`), TARGET);
    assert.doesNotMatch(e.message, /FakeTokenValue/);
    assert.doesNotMatch(e.detail, /FakeTokenValue/);
  });

  it('is recognised by its brand, and passes through unchanged', () => {
    const e = usageError('--days must be a whole number');
    assert.equal(toLmoError(e, TARGET), e);
    assert.equal(isLmoError(e), true);
    assert.equal(isLmoError(new Error('x')), false);
    assert.equal(isLmoError(null), false);
    assert.equal(isLmoError('LmoError'), false);
    assert.equal(e.name, 'LmoError');
    assert.deepEqual([e.kind, e.message], ['usage', '--days must be a whole number']);
    assert.deepEqual([cancelled().kind, cancelled().message], ['cancelled', 'Cancelled.']);
    assert.deepEqual([notConnected().kind, notConnected().message], ['notConnected', 'Connect to a License Management Org first.']);
    assert.equal(notConnected('a Dev Hub').message, 'Connect to a Dev Hub first.');
    assert.ok(new LmoError('unknown', 'm', 'd') instanceof Error);
  });
});
