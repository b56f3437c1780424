"""Bimtek Live: the entry point is only a router."""

import streamlit as st

from pages import common

st.set_page_config(page_title="Bimtek Live", page_icon="🏛️", layout="wide")
common.store()
st.navigation(common.pages(), position=common.nav_position()).run()
