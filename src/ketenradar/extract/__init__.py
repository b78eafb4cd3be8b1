"""HTML/PDF to text, language, one document per firm."""
