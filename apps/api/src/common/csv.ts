// CSV answers: a route that answers JSON answers CSV too when asked by `Accept: text/csv` or `?format=csv`
// (a link or a browser cannot set Accept). Written by csv-stringify, the same project as the csv-parse that reads uploads.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

export type CsvCell = string | number | null;

export const RESPONSE_FORMATS = ['json', 'csv'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/** The query of a route that answers JSON or CSV. */
export class FormatQuery {
  @ApiPropertyOptional({ enum: RESPONSE_FORMATS, description: 'csv: the same as Accept: text/csv (for links); it wins over Accept' })
  @IsOptional()
  @IsIn(RESPONSE_FORMATS)
  format?: ResponseFormat;
}

/** `?format=` decides when given; else `Accept: text/csv` asks for CSV. */
export function wantsCsv(format: ResponseFormat | undefined, accept: string | undefined): boolean {
  return format ? format === 'csv' : (accept?.includes('text/csv') ?? false);
}

/**
 * RFC 4180 lines (CRLF, quoted where needed), UTF-8 with a byte-order mark so that Excel reads "Traoré" as
 * written, and a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) made text by a leading quote.
 * A null cell is empty.
 */
export function toCsv(lines: CsvCell[][]): string {
  // A lone LF or CR inside a cell is quoted too (csv-stringify quotes only the record delimiter itself).
  return stringify(lines, { bom: true, record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ });
}

/** Sends `lines` as a CSV file download named `filename`. */
export function csvReply(reply: FastifyReply, filename: string, lines: CsvCell[][]): string {
  void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return toCsv(lines);
}
