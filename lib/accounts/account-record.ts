import type { AccountRow } from '../storage/db'

// One account as the worker remembers it (and as the popup is shown it): the stored row without its
// place in the list. An account whose session ended elsewhere stays listed, signed out with the
// reason, so nothing stored for it is lost.
export type AccountRecord = Omit<AccountRow, 'position'>
