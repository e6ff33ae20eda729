"""The registry's pages: the list (with its export and map), the site page and its actions,
registering a site and the office's kinds."""
