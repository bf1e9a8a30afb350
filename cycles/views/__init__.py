"""The facilitators' pages of the cycle, one module per part of it."""
