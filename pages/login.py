"""Facilitator login, first-run PIN set-up, and logout.

The PIN is checked by the core per client address (st.context.ip_address); after a
login the browser is sent through /api/masuk, which sets the HttpOnly session cookie
(see pages/common.remember_facilitator and workshop/guard.py). The first PIN is set
from the server's own laptop, or elsewhere with the one-time set-up code printed on the
server's console."""

import streamlit as st

from pages.common import (
    FACILITATOR_PAGES,
    client_address,
    fac_auth,
    forget_facilitator,
    lang_switch,
    pin_warning,
    remember_facilitator,
    run,
    store,
    tr,
)
from workshop.store.limits import is_local

lang_switch()
st.title(tr("nav.login"))
auth = fac_auth()
if auth:
    if st.session_state.pop("just_logged_in", None):
        remember_facilitator(auth)
    st.success(tr("fac.logged_in"))
    pin_warning()
    for path, label, icon, _url in FACILITATOR_PAGES:
        st.page_link(path, label=tr(label), icon=icon)
    if st.button(tr("nav.logout"), key="logout"):
        forget_facilitator()
elif not store().has_pin():
    here = client_address()
    local = is_local(here)  # "" (unknown) is not local
    if not local:
        store().announce_setup_code()
        st.info(tr("fac.setup_code_help"))
    with st.form("set_pin_form"):
        code = None
        if not local:
            code = st.text_input(tr("fac.setup_code"), key="setup_code", max_chars=20)
        pin = st.text_input(tr("fac.pin"), type="password", key="new_pin")
        again = st.text_input(tr("fac.pin_repeat"), type="password", key="new_pin_repeat")
        if st.form_submit_button(tr("fac.set_pin"), key="set_pin"):
            if pin != again:
                st.error(tr("fac.pin_mismatch"))
            elif run(store().set_pin, pin, client=here, setup_code=code):
                auth = run(store().login, pin, client=here)
                if auth:
                    st.session_state["fac_auth"] = auth
                    st.session_state["just_logged_in"] = True
                    st.rerun()
else:
    with st.form("login_form"):
        pin = st.text_input(tr("fac.pin"), type="password", key="pin")
        if st.form_submit_button(tr("fac.login"), key="login"):
            auth = run(store().login, pin, client=client_address())
            if auth:
                st.session_state["fac_auth"] = auth
                st.session_state["just_logged_in"] = True
                st.rerun()
