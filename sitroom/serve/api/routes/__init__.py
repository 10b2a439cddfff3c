"""One router per resource; :func:`sitroom.serve.api.app.create_app` includes them all."""
