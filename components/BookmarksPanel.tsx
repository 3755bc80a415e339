import { useEffect, useState } from 'preact/hooks'
import { browser } from 'wxt/browser'
import { describeOutcome } from '@/lib/bookmarks/outcome-text'
import { describeError } from '@/lib/errors'
import type { BookmarkItem, BookmarkReply, BookmarksView, BudMark, Request } from '@/lib/messages'
import { sendToWorker } from '@/lib/messaging/send'

// The popup's bookmarks: the bud of this tab with one button, then the reader's bookmarks grouped
// by story, newest first, each opening its bud and removable with undo; gone and edited buds
// marked; two on one thread pointed out. The keyboard shortcut, as the browser has it now.

const PUBLIC_NOTICE_SEEN = 'tendril:bookmarks-public-notice-seen'

export function BookmarksPanel() {
  // Asked for at once, beside what the popup asks about the tab (not after it).
  const [tabId, setTabId] = useState<number | undefined | null>(null)
  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => setTabId(tab?.id))
  }, [])
  const [view, setView] = useState<BookmarksView | undefined>(undefined)
  const [said, setSaid] = useState<{ text: string; undo?: string } | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [shortcut, setShortcut] = useState<string | undefined>(undefined)
  const [showPublic] = useState(() => localStorage.getItem(PUBLIC_NOTICE_SEEN) === null)

  const load = () =>
    sendToWorker({ type: 'bookmarks.list', ...(tabId === undefined || tabId === null ? {} : { tabId }) }).then(
      (v) => (setView(v), setError(undefined)),
      (e) => setError(describeError(e)),
    )
  useEffect(() => {
    if (tabId === null) return
    void load()
    void browser.commands.getAll().then((all) => setShortcut(all.find((c) => c.name === 'bookmark-bud')?.shortcut ?? ''))
  }, [tabId])
  // Said once: the first time the list is shown (signed in).
  const listShown = view?.signedIn === true
  useEffect(() => {
    if (listShown && showPublic) localStorage.setItem(PUBLIC_NOTICE_SEEN, new Date().toISOString())
  }, [listShown])
  // A sync in progress ("n so far") or writes settling: look again while the popup is open.
  useEffect(() => {
    if (tabId === null) return
    const timer = setInterval(() => void load(), view && view.signedIn && view.syncing ? 700 : 2500)
    return () => clearInterval(timer)
  }, [view && view.signedIn && view.syncing !== null, tabId])

  const act = async (request: Request & { type: 'bookmarks.tab' | 'bookmarks.delete' | 'bookmarks.undo' }) => {
    try {
      const reply: BookmarkReply = await sendToWorker(request)
      setSaid(describeOutcome(reply))
    } catch (e) {
      setSaid({ text: describeError(e) })
    }
    await load()
  }

  if (!view) return error ? <p class="notice error" role="alert">{error}</p> : null
  return (
    <section class="bookmarks" data-testid="bookmarks" aria-label="Bookmarks">
      {view.current && typeof tabId === 'number' && <CurrentBud mark={view.current} signedIn={view.signedIn} act={(action) => act({ type: 'bookmarks.tab', tabId, action })} />}
      {said && (
        <p class="notice" role="status" data-testid="bookmark-said">
          {said.text}{' '}
          {said.undo && (
            <button type="button" class="link" data-testid="bookmark-undo" onClick={() => (setSaid(undefined), void act({ type: 'bookmarks.undo', token: said.undo! }))}>
              Undo
            </button>
          )}
        </p>
      )}
      {view.signedIn && (
        <>
          <h2 class="section-title">Your bookmarks</h2>
          {showPublic && (
            <p class="muted small" data-testid="bookmarks-public">
              Bookmarks are public records in your repository: anyone can see which buds you bookmarked.
            </p>
          )}
          {view.syncing && (
            <p class="muted small" data-testid="bookmarks-syncing">
              Reading your bookmarks from your server… {view.syncing.read} so far.
            </p>
          )}
          {view.skipped > 0 && (
            <p class="muted small" data-testid="bookmarks-skipped">
              {view.skipped === 1 ? '1 record' : `${view.skipped} records`} among your bookmarks {view.skipped === 1 ? 'is' : 'are'} not a bookmark Tendril can
              read; left as {view.skipped === 1 ? 'it is' : 'they are'}.
            </p>
          )}
          {view.error && (
            <p class="notice error" role="alert">
              {view.error}
            </p>
          )}
          {!view.syncing && view.stories.length === 0 && view.gone.length === 0 && !view.error && <p class="muted small">No bookmarks yet.</p>}
          {view.stories.map((story) => (
            <div class="story" key={story.rootUri} data-testid="bookmark-story">
              <h3 class="story-title">{story.title}</h3>
              <ul class="bookmark-list">
                {story.bookmarks.map((b) => (
                  <Item key={b.rkey} item={b} remove={() => void act({ type: 'bookmarks.delete', rkey: b.rkey })} />
                ))}
              </ul>
            </div>
          ))}
          {view.gone.length > 0 && (
            <div class="story" data-testid="bookmark-gone">
              <h3 class="story-title">Buds that are gone</h3>
              <ul class="bookmark-list">
                {view.gone.map((b) => (
                  <Item key={b.rkey} item={b} remove={() => void act({ type: 'bookmarks.delete', rkey: b.rkey })} />
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      <p class="muted small" data-testid="bookmark-shortcut">
        {shortcut ? `Shortcut: ${shortcut}. ` : 'No keyboard shortcut is set. '}
        <button type="button" class="link" onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
          Change it
        </button>
      </p>
    </section>
  )
}

function CurrentBud({ mark, signedIn, act }: { mark: BudMark; signedIn: boolean; act(action: 'bookmark' | 'remove'): void }) {
  if (!signedIn) return <p class="muted small">Sign in to bookmark this bud.</p>
  const pressed = mark.state === 'bookmarked'
  return (
    <div class="row" data-testid="current-bud-bookmark">
      <button type="button" aria-pressed={pressed ? 'true' : 'false'} onClick={() => act(pressed ? 'remove' : 'bookmark')}>
        {pressed ? 'Remove bookmark' : mark.state === 'elsewhere' ? `Move bookmark here (now at bud ${mark.bookmarkAt})` : 'Bookmark this bud'}
      </button>
    </div>
  )
}

function Item({ item, remove }: { item: BookmarkItem; remove(): void }) {
  return (
    <li data-testid="bookmark" data-state={item.state}>
      {item.url && item.state !== 'gone' ? (
        <a href={item.url} target="_blank" rel="noopener noreferrer">
          {item.title}
        </a>
      ) : (
        <span>{item.title}</span>
      )}
      <span class="muted small">
        {item.position !== null ? ` · bud ${item.position}` : ''}
        {item.state === 'gone' ? ' · gone' : item.state === 'edited' ? ' · edited since you bookmarked it' : ''}
        {item.sharesThread ? ' · shares a thread with another bookmark' : ''}
      </span>{' '}
      <button type="button" class="link" data-testid="bookmark-remove" onClick={remove}>
        Remove
      </button>
    </li>
  )
}
