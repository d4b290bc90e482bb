import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { LICENSE_CSV_COLUMNS, licenseCsvRow, neutralizeFormula, safeCells } from '../../../src/core/installBase/licenseCsv';
import { aLicense } from '../../support/builders';

describe('CSV cells a spreadsheet will not run', () => {
  it('neutralises every character a spreadsheet starts a formula with', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) assert.equal(neutralizeFormula(`${lead}1+1`), `'${lead}1+1`, JSON.stringify(lead));
    for (const safe of ['Acme', ' =1', "'quoted", '1+1', '', '0', '#1']) assert.equal(neutralizeFormula(safe), safe, JSON.stringify(safe));
  });

  it('neutralises every text cell of a license row, and keeps numbers numbers', () => {
    const today = calendarDate('2026-03-10');
    const row = licenseCsvRow(
      aLicense({
        name: '=L-1',
        statusLabel: '+Active',
        accountName: '@Home Realty',
        orgEdition: '-Enterprise',
        orgInstance: '=NA1',
        packageName: '\tPkg',
        versionNumber: '\r2.0',
        lastModified: '+2026',
        seats: { kind: 'perSeat', count: 12 },
        usedSeats: 3,
      }),
      today,
    );
    assert.equal(row.length, LICENSE_CSV_COLUMNS.length);
    for (const cell of row) if (typeof cell === 'string') assert.ok(!/^[=+\-@\t\r]/.test(cell), `cell ${JSON.stringify(cell)}`);
    assert.deepEqual(row.slice(0, 4), ["'=L-1", "'+Active", 'active', "'@Home Realty"]);
    assert.deepEqual([row[10], row[11]], [12, 3], 'seats and used seats stay numbers');
    assert.deepEqual(safeCells(['=a', 5, '-b']), ["'=a", 5, "'-b"]);
  });
});
