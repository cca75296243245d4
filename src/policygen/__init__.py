"""policygen: social-media policies for social-work and human-services agencies."""

__version__ = "0.1.0"
