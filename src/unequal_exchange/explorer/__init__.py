"""The classroom explorer: a browser page on the Mexico–US accounts (``unequal-exchange explore``).

Layer: above :mod:`unequal_exchange.viz` (it draws the gallery's figures), imported only by the
command line. :mod:`.core` holds everything that does not need the web stack (controls from the
parameter registry, the fast evaluation, formatting, the explanations, the TOML download), so it
is tested without a browser; :mod:`.app` builds the Panel page and serves it.
"""
