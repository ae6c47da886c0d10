"""Filling a template from a tract: which blocks go where (:mod:`.pick`, which lays the page
out to judge what stays legible) and copying them into the frames (:mod:`.tract`).

It sits above the layout engine, beside the renderers and the preflight: see
docs/ARCHITECTURE.md."""
