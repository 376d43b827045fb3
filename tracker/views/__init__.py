"""What the pages show, computed from the rules' results: read models, words, tables and figures."""
