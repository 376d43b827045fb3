"""The Streamlit side of the tracker: the only package that imports streamlit."""
