import { HistoryQuery } from '../../api';

/** Filters of the history table as typed: dates are `YYYY-MM-DD`. */
export interface HistoryFilterValues {
  user: string;
  entityRef: string;
  destination: string;
  fromDate: string;
  toDate: string;
}

/** Filters that match every entry. */
export const EMPTY_HISTORY_FILTERS: HistoryFilterValues = {
  user: '',
  entityRef: '',
  destination: '',
  fromDate: '',
  toDate: '',
};

// Dates are days in the user's time zone: "from" starts at local midnight
// and "to" ends at the last millisecond of that day.
function localDayBoundary(date: string, end: boolean): string | undefined {
  if (date === '') {
    return undefined;
  }
  const time = end ? 'T23:59:59.999' : 'T00:00:00.000';
  const parsed = new Date(`${date}${time}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/**
 * Turns the typed filters and the page into a history query, leaving out
 * empty filters.
 */
export function toHistoryQuery(
  filters: HistoryFilterValues,
  page: number,
  rowsPerPage: number,
): HistoryQuery {
  const query: HistoryQuery = {
    user: filters.user.trim() || undefined,
    entityRef: filters.entityRef.trim() || undefined,
    destination: filters.destination || undefined,
    from: localDayBoundary(filters.fromDate, false),
    to: localDayBoundary(filters.toDate, true),
    offset: page * rowsPerPage,
    limit: rowsPerPage,
  };
  return query;
}
