# No tables of its own. The module exists so that Django sends this app's post_migrate signal
# (it skips apps without a models module), on which rebuilt SQLite tables are analysed again.
