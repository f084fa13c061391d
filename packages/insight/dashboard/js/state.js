// What the page knows between redraws: the shared state, and the constants every part reads.

export const KINDS = ['human', 'crawler', 'scanner', 'unknown'];
/** The scheme the charts follow; style.css holds both schemes' colours. */
export const DARK = window.matchMedia('(prefers-color-scheme: dark)');
export const ROWS_SHOWN = 50;
/** The most rows a table shows once opened: past that a page of them is no longer read, only scrolled. */
export const ROWS_EXPANDED = 500;

export const state = {
  paused: false,
  pending: 0,
  filterKeys: new Set(),
  meta: undefined,
  version: -1,
  charts: [],
  /** The chart lines a person hid (`chart id` + NUL + label): a live redraw draws the charts anew, without them. */
  hiddenLines: new Set(),
  series: undefined,
  nextCursor: undefined,
  seenIds: new Set(),
  expanded: new Set(),
  report: undefined,
  refreshTimer: undefined,
  refreshing: false,
  stale: false,
  loadSeq: 0,
  /** The focused control as focusKey() describes it just before a view is drawn anew, to find it again after. */
  focusBefore: null,
  /**
   * Where the focus goes at the next redraw of a view that is no incident: the control that opened the incident
   * being left, or a ticket's button that was disabled while its request ran.
   */
  returnFocus: null,
  /** The record row whose full record is open, to return the focus to when it closes. */
  detailRow: undefined,
  /** Records added live since the last announcement, and that announcement's time and timer. */
  unannounced: 0,
  announcedAt: 0,
  announceTimer: undefined,
  /** What the next announcement says, read when it is made (see announce()). */
  announceText: undefined,
};
