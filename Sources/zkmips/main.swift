print("zkmips")
