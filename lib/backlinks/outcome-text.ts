import type { BacklinkReply, CitationView, EprintView, SourcePageView } from './views'

// What Tendril says about backlinks, written once for every surface (the in-page prompt's toast, the
// popup, the options page): each sentence a reader sees lives here and nowhere else.

/** An eprint's title in quotes, or words for one whose title Tendril could not read. */
export function quoteEprint(eprint: Pick<EprintView, 'title'>): string {
  const title = eprint.title.trim()
  return title ? `“${title}”` : 'this eprint'
}

/** What a backlink action did, in one or two sentences. */
export function describeBacklinkOutcome(reply: BacklinkReply): { text: string } {
  switch (reply.kind) {
    case 'entered':
      return {
        text: reply.replaced
          ? `Backlink to ${quoteEprint(reply.eprint)} sent to Chive. It replaces the one to ${quoteEprint(reply.replaced)}: Chive keeps one backlink per page.`
          : `Backlink to ${quoteEprint(reply.eprint)} sent to Chive.`,
      }
    case 'already-asked':
      return { text: `Tendril has already sent the backlink to ${quoteEprint(reply.eprint)}.` }
    case 'on-chive':
      return { text: `Chive already lists this page for ${quoteEprint(reply.eprint)}.` }
    case 'dismissed':
      return { text: 'Tendril won’t suggest this again for this page.' }
    case 'removed':
      return { text: `Backlink to ${quoteEprint(reply.eprint)} removed from Chive.` }
    case 'points-elsewhere':
      return {
        text: `Not removed: Chive now shows this page pointing at another eprint than ${quoteEprint(reply.eprint)}, which Tendril did not create.`,
      }
    case 'signed-out':
      return { text: 'Sign in to Tendril to add backlinks.' }
    case 'setup-opened':
      return { text: 'Tendril’s settings are open in a new tab: choose there whether to add backlinks automatically.' }
  }
}

/** Where one cited eprint stands, as the popup lists it beside the eprint's title. */
export function describeCitationState(citation: Pick<CitationView, 'state' | 'automatic'>): string {
  switch (citation.state) {
    case 'offered':
      return 'Not on Chive yet'
    case 'on-chive':
      return 'On Chive already'
    case 'added':
      return citation.automatic ? 'Added automatically' : 'Added'
    case 'dismissed':
      return 'Dismissed: not suggested again'
  }
}

const SOURCE_TYPE_WORDS: Record<string, string> = {
  'bluesky.post': 'Bluesky post',
  'bluesky.embed': 'Bluesky embed',
  'whitewind.blog': 'WhiteWind entry',
  'leaflet.list': 'Leaflet document',
  'cosmik.collection': 'Semble collection',
  other: 'Other',
}

/** A source type (Tendril's or one Chive reports) in words; one Tendril does not know, as given. */
export function describeSourceType(sourceType: string): string {
  return Object.hasOwn(SOURCE_TYPE_WORDS, sourceType) ? SOURCE_TYPE_WORDS[sourceType]! : sourceType
}

/** What a source page's verification implies for the reader's choice, in words: the same sentences
 * in the in-page prompt and the popup (`place`: how each names the page, e.g. "post" or "page"). */
export function describeSourceNotes(view: SourcePageView, place: string): { replaces?: string; chooseOne?: string; unlisted?: string; signedOut?: string } {
  const offered = view.citations.filter((c) => c.state === 'offered').length
  return {
    ...(view.replaces && offered > 0
      ? { replaces: `Chive lists this ${place} for ${quoteEprint(view.replaces)} now. Chive keeps one backlink per page, so adding another replaces that one.` }
      : {}),
    ...(offered > 1 && !view.replaces ? { chooseOne: `Chive keeps one backlink per page: choose the one this ${place} is about.` } : {}),
    ...(view.unlisted ? { unlisted: 'This entry is shared by link only, so Tendril never adds its backlink automatically.' } : {}),
    ...(!view.signedIn && offered > 0 ? { signedOut: describeBacklinkOutcome({ kind: 'signed-out' }).text } : {}),
  }
}
