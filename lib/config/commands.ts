// The keyboard commands Tendril declares in its manifest (lib/config/manifest.ts) and handles in
// the worker (lib/worker/bookmark-gestures.ts): one name, one place.
export const COMMAND_BOOKMARK = 'bookmark-bud'
export const COMMAND_BOOKMARK_KEY = 'Alt+Shift+B'
