"""The API's views, one module per part of the inventory."""
