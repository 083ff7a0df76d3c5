from tests.collaboration import *  # noqa: F403 (the shared fixtures)
