"""Evidence notebooks for English local-authority children's services and education."""

__version__ = "0.1.0"
