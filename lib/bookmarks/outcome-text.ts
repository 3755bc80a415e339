import type { BookmarkReply } from '../messages'

// What a bookmark outcome says to the reader, written once for every surface (the in-page toast,
// the toast the worker injects after a context-menu click or a keyboard command, the popup).
export function describeOutcome(reply: BookmarkReply): { text: string; undo?: string } {
  switch (reply.kind) {
    case 'created':
      return { text: 'Bookmarked.', undo: reply.undo }
    case 'moved':
      return { text: `Bookmark moved here from bud ${reply.from}.`, undo: reply.undo }
    case 'removed':
      return { text: 'Bookmark removed.', undo: reply.undo }
    case 'duplicate':
      return { text: 'Already bookmarked. Use the Bookmarked button or Tendril’s popup to remove it.' }
    case 'not-bookmarked':
      return { text: 'This bud was not bookmarked.' }
    case 'undone':
      return { text: 'Undone.' }
    case 'signed-out':
      return { text: 'Sign in to Tendril to save this bookmark. It will be saved as soon as you do.' }
  }
}
