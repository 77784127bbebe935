"""The thin edges: pages, the JSON API and the live Socket.IO events."""
