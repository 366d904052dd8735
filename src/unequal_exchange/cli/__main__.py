"""``python -m unequal_exchange.cli``."""

from .main import main

raise SystemExit(main())
