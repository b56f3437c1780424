"""Facilitator login, first-run PIN set-up, and logout."""

import streamlit as st

from pages.common import (
    FACILITATOR_PAGES,
    fac_auth,
    forget_facilitator,
    lang_switch,
    remember_facilitator,
    run,
    store,
    tr,
)

lang_switch()
st.title(tr("nav.login"))
auth = fac_auth()
if auth:
    if st.session_state.pop("just_logged_in", None):
        remember_facilitator(auth)
    st.success(tr("fac.logged_in"))
    for path, label, icon, _url in FACILITATOR_PAGES:
        st.page_link(path, label=tr(label), icon=icon)
    if st.button(tr("nav.logout"), key="logout"):
        forget_facilitator()
        st.rerun()
elif not store().has_pin():
    with st.form("set_pin_form"):
        pin = st.text_input(tr("fac.pin"), type="password", key="new_pin")
        again = st.text_input(tr("fac.pin_repeat"), type="password", key="new_pin_repeat")
        if st.form_submit_button(tr("fac.set_pin"), key="set_pin"):
            if pin != again:
                st.error(tr("fac.pin_mismatch"))
            elif run(store().set_pin, pin):
                auth = run(store().login, pin)
                if auth:
                    st.session_state["fac_auth"] = auth
                    st.session_state["just_logged_in"] = True
                    st.rerun()
else:
    with st.form("login_form"):
        pin = st.text_input(tr("fac.pin"), type="password", key="pin")
        if st.form_submit_button(tr("fac.login"), key="login"):
            auth = run(store().login, pin)
            if auth:
                st.session_state["fac_auth"] = auth
                st.session_state["just_logged_in"] = True
                st.rerun()
