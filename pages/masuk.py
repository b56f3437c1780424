"""Facilitator login, first-run PIN set-up, and logout."""

import streamlit as st

from pages.common import FAC_KEY, fac_auth, lang_switch, run, store, tr

lang_switch()
st.title(tr("nav.login"))
if fac_auth():
    if st.button(tr("nav.logout"), key="logout"):
        store().logout(st.session_state.pop(FAC_KEY, None))
        st.rerun()
elif not store().has_pin():
    with st.form("set_pin_form"):
        pin = st.text_input(tr("fac.pin"), type="password", key="new_pin")
        again = st.text_input(tr("fac.pin_repeat"), type="password", key="new_pin_repeat")
        if st.form_submit_button(tr("fac.set_pin"), key="set_pin"):
            if pin != again:
                st.error(tr("fac.pin_mismatch"))
            elif run(lambda: store().set_pin(pin)) is not None or store().has_pin():
                st.session_state[FAC_KEY] = run(lambda: store().login(pin))
                st.rerun()
else:
    with st.form("login_form"):
        pin = st.text_input(tr("fac.pin"), type="password", key="pin")
        if st.form_submit_button(tr("fac.login"), key="login"):
            auth = run(lambda: store().login(pin))
            if auth:
                st.session_state[FAC_KEY] = auth
                st.rerun()
