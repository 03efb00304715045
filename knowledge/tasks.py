"""The knowledge base has no background work yet: downloads are counted in the request
(one UPDATE) and files are checked on upload. The module exists so that every app
keeps the same layout."""
