from ketenradar.cli import app

app()
