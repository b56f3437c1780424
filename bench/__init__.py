"""Benchmarks and the reusable Streamlit websocket client (`bench.protocol`)."""
