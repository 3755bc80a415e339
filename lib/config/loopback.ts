// Where the loopback OAuth client's authorization server sends the browser back: a fixed, unusual
// port, so the redirect never reaches a real local server by accident (nothing needs to listen:
// the worker catches the sign-in tab's navigation there). The manifest's host permission and the
// OAuth client metadata both derive from it.
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1:43917/tendril/oauth-callback'
