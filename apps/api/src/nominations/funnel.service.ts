// The nomination funnel: nominated → selected → enrolled → completed → certified, in total and by gender,
// nationality and organisation, over a period or one offering.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CsvCell } from '../common/csv.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { ReportErrors } from '../reports/reports.errors.js';
import type { FunnelQuery } from './dto/funnel.dto.js';
import type { FunnelFigures, FunnelGroup, FunnelReport } from './dto/funnel.response.js';
import * as repo from './funnel.repository.js';

const FIGURES = ['nominated', 'selected', 'enrolled', 'completed', 'certified'] as const satisfies ReadonlyArray<keyof FunnelFigures>;

/** The funnel as CSV lines: the total first, then each group of each breakdown. */
export function funnelCsvLines(report: FunnelReport): CsvCell[][] {
  const lines: CsvCell[][] = [['breakdown', 'group', ...FIGURES], ['total', 'all', ...FIGURES.map((c) => report.total[c])]];
  for (const [breakdown, groups] of [['gender', report.byGender], ['nationality', report.byNationality], ['organisation', report.byOrganisation]] as const) {
    for (const group of groups) lines.push([breakdown, group.group, ...FIGURES.map((c) => group[c])]);
  }
  return lines;
}

const figures = (r?: repo.FunnelRow): FunnelFigures => ({ nominated: r?.nominated ?? 0, selected: r?.selected ?? 0, enrolled: r?.enrolled ?? 0, completed: r?.completed ?? 0, certified: r?.certified ?? 0 });

@Injectable()
export class FunnelService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async funnel(query: FunnelQuery): Promise<FunnelReport> {
    if (query.offeringId && !(await repo.offeringExists(this.db, query.offeringId))) throw OfferingErrors.notFound();
    if (query.from && query.to && query.from > query.to) throw ReportErrors.invalidRange();
    const rows = await repo.funnel(this.db, query);
    const groups = (dimension: repo.FunnelRow['dimension']): FunnelGroup[] => rows.filter((r) => r.dimension === dimension).map((r) => ({ group: r.group, ...figures(r) }));
    return {
      from: query.from,
      to: query.to,
      offeringId: query.offeringId,
      total: figures(rows.find((r) => r.dimension === 'total')),
      byGender: groups('gender'),
      byNationality: groups('nationality'),
      byOrganisation: groups('organisation'),
    };
  }
}
