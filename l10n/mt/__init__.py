"""Machine translation: the engine protocol, registry and engines, translation memories, and the translate stage."""
