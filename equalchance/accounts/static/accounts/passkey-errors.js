// When a passkey cannot be made or used (cancelled, timed out, not allowed), allauth's WebAuthn script
// dispatches 'allauth.error'. Show the page's error summary instead of failing silently.
document.addEventListener('allauth.error', function (event) {
  event.preventDefault()
  var summary = document.querySelector('[data-passkey-error]')
  if (summary) {
    summary.classList.add('govuk-error-summary')
    summary.hidden = false
    summary.focus()
  }
})
