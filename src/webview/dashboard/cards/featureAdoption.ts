/**
 * Feature adoption per package: what is on where, and what customers report. Loaded after the
 * numbers (it reads the Feature Management App), with its own Cancel and Retry; kept across
 * re-renders (theme changes).
 */
import type { PackageAdoption } from '../../../core/features/adoption';
import type { DashboardOptions, FeatureAdoptionView } from '../../protocol/dashboard';
import { fmt, h } from '../../shared/dom';
import { RequestError } from '../../shared/rpc';
import { button, message } from '../../shared/ui';
import type { DashboardPage } from '../page';
import { scrolling } from '../tables';
import { isPending, pendingBody } from './cardStates';

type FeatureState = FeatureAdoptionView | 'loading' | 'cancelled' | { readonly error: string };

const SET_BY: Record<PackageAdoption['parameters'][number]['direction'], string> = {
  LmoToSubscriber: 'You (LMO → subscriber)',
  SubscriberToLmo: 'Customers report it (subscriber → LMO, up to 24 h old)',
};

function adoptionTable(pkg: PackageAdoption): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table adoption' },
    h('caption', { text: `${pkg.packageName} · ${fmt(pkg.liveLicenses)} live licenses` }),
    h('thead', {}, h('tr', {}, ...['Parameter', 'Adoption', 'Type', 'Set by'].map((t) => h('th', { scope: 'col', text: t })))),
    h(
      'tbody',
      {},
      ...pkg.parameters.map((p) => {
        const bar = h('span', { class: 'share-bar', 'aria-hidden': 'true' }, h('span', { class: 'share-fill' }));
        // A width through the CSSOM, which the page's Content Security Policy allows (no style markup).
        (bar.firstChild as HTMLElement).style.width = `${Math.round((p.share ?? 0) * 100)}%`;
        return h(
          'tr',
          { 'data-parameter': p.name },
          h('th', { scope: 'row', text: p.name }),
          // Adoption next to the name: on a narrow editor it shows without scrolling the table sideways.
          h('td', {}, h('div', { class: 'adoption-cell' }, p.share !== undefined ? bar : null, h('span', { text: p.summary }))),
          h('td', { text: p.dataType }),
          h('td', { text: SET_BY[p.direction] }),
        );
      }),
    ),
  );
}

/** The Feature adoption card and its load. */
export class FeatureAdoption {
  private state: FeatureState | undefined;
  private ticket = 0;
  /** The scope of the numbers on screen: the card always shows this scope. */
  private scope: DashboardOptions | undefined;

  constructor(
    private readonly page: DashboardPage,
    private readonly app: HTMLElement,
  ) {}

  /** Loads the card for the numbers on screen (their scope). */
  async load(scope: DashboardOptions): Promise<void> {
    this.scope = scope;
    const ticket = ++this.ticket;
    this.state = 'loading';
    this.show();
    try {
      const view = await this.page.rpc.request('loadFeatures', scope);
      if (ticket !== this.ticket) return;
      this.state = view;
    } catch (err) {
      if (ticket !== this.ticket) return;
      this.state = err instanceof RequestError && err.kind === 'cancelled' ? 'cancelled' : { error: (err as Error).message };
    }
    this.show();
  }

  /** A new load of the numbers stops the card's load (the host aborts it too); its answer is no longer wanted. */
  abandon(): void {
    if (this.state !== 'loading') return;
    this.ticket++;
    this.state = 'cancelled';
  }

  private reload(): void {
    if (this.scope) void this.load(this.scope);
  }

  /** The card, or null when there is none to show (not loaded yet, not connected). */
  card(): HTMLElement | null {
    const features = this.state;
    if (features === undefined) return null;
    const body: (HTMLElement | null)[] = [];
    if (isPending(features))
      body.push(
        ...pendingBody(features, {
          loading: 'Loading feature parameters…',
          cancel: { id: 'cancel-features', run: () => void this.page.rpc.request('cancelFeatures', {}) },
          cancelled: 'Feature adoption was not loaded.',
          load: { label: 'Load', id: 'load-features', run: () => this.reload() },
          errorTitle: 'Could not load feature adoption',
          retry: () => this.reload(),
        }),
      );
    else if (features.state === 'notConnected') return null;
    else if (features.state === 'fmaMissing') body.push(h('p', { class: 'hint', text: features.message }));
    else if (!features.packages.length && !features.failed.length) body.push(h('p', { class: 'hint', text: 'No package in scope has feature parameters.' }));
    else {
      body.push(
        h('p', {
          class: 'hint',
          text: 'Boolean parameters: the share of live licenses with the parameter on. Integer: the lowest, median and highest value among live licenses — the LMO counts Integer values in ranges, so a median may only be known to lie between two numbers. Date: how many are past and how many are to come.',
        }),
      );
      for (const pkg of features.packages) body.push(...scrolling(adoptionTable(pkg), `Feature adoption, ${pkg.packageName}`));
    }
    if (typeof features === 'object' && 'state' in features && features.state === 'ready')
      for (const f of features.failed)
        body.push(
          message(
            'warning',
            `Could not read ${f.packageName}`,
            f.message,
            button('Retry', () => this.reload()),
          ),
        );
    return h('section', { class: 'card wide', id: 'feature-adoption', 'aria-label': 'Feature adoption' }, h('h2', { text: 'Feature adoption' }), ...body);
  }

  /** Puts the card in place of the one shown (or into the grid, or away). */
  private show(): void {
    const card = this.card();
    const old = document.getElementById('feature-adoption');
    if (old && card) old.replaceWith(card);
    else if (old) old.remove();
    else if (card) this.app.querySelector('section.grid')?.append(card);
  }
}
