"""The use cases that both the app's pages and the `callback` command line call."""
