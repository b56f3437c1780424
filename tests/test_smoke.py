def test_create_workshop_seeds_defaults(store, ws):
    assert [p.short for p in store.pillars(ws.id)] == [
        "Governance",
        "Branding",
        "Economy",
        "Living",
        "Society",
        "Environment",
    ]
    assert [s.number for s in store.stages(ws.id)] == [1, 2, 3, 4]
