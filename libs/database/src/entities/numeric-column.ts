import type { ValueTransformer } from 'typeorm';

/** PostgreSQL `numeric` arrives as a string (it may not fit a double); scores and marks read as numbers. */
export const numericColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
