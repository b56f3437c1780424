"""Bimtek Live: the entry point is only a router.

The server imports this file once to find its ASGI app (Streamlit behind the phones' poll,
workshop/web.py); every session's run then executes it as the router."""

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pages import common

if get_script_run_ctx() is None:
    from workshop import guard, web

    app = st.App(
        __file__,
        middleware=[
            Middleware(
                guard.Guard,
                store_for=common.store,
                base_path=st.get_option("server.baseUrlPath") or "",
            ),
            Middleware(
                web.PhoneRoutes,
                store_for=common.store,
                base_path=st.get_option("server.baseUrlPath") or "",
            ),
        ],
    )
else:
    st.set_page_config(page_title="Bimtek Live", page_icon="🏛️", layout="wide")
    common.store()
    st.navigation(common.pages(), position=common.nav_position()).run()
