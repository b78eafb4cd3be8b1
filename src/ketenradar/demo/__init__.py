"""The synthetic demo world: generator, phrase stock, local site server."""
