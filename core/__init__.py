"""The ground floor: the toolkit every app uses (mails and the outbox, PDFs, charts,
uploads and storage, input parsing, redirects, caches and circuit breakers, error pages,
logging, the Land). It imports no app and not the project wiring (ikz_portal)."""
