"""Bimtek Live core: domain rules, storage, charts, exports and i18n (no Streamlit here)."""
