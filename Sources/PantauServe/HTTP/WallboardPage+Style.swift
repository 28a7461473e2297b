extension WallboardPage {
    /// Dark, sized relative to the screen (1080p and 4K alike), tabular numerals.
    static let style = #"""
:root { --bg:#0b0f14; --tile:#141b24; --fg:#e8eef5; --dim:#8a97a8; --green:#2fbf71; --amber:#f2b01e; --red:#ff4d4d; }
* { box-sizing: border-box; margin: 0; padding: 0; }
html, body { height: 100%; overflow: hidden; background: var(--bg); color: var(--fg);
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
#board { height: 100vh; display: grid; grid-template-rows: 7vh 1fr 15vh; gap: 1.2vh; padding: 1.5vh 1.5vw;
  transition: transform 2s ease; }
header { display: flex; align-items: center; justify-content: space-between; font-size: 3.4vh; }
#title { font-weight: bold; letter-spacing: .05em; }
#conn { display: flex; align-items: center; gap: .6vw; font-size: 2.6vh; }
#conn .dot { width: 2vh; height: 2vh; border-radius: 50%; background: var(--dim); display: inline-block; }
#conn[data-state="live"] .dot { background: var(--green); }
#conn[data-state="reconnecting"] .dot, #conn[data-state="connecting"] .dot { background: var(--amber); border-radius: 0; }
#conn[data-state="stale"] .dot { background: var(--red); border-radius: 0; transform: rotate(45deg); }
#clock { font-variant-numeric: tabular-nums; font-size: 4vh; font-weight: bold; }
#tiles { display: grid; grid-template-columns: repeat(var(--columns, 5), minmax(0, 1fr)); grid-auto-rows: minmax(0, 1fr); gap: 1.2vw; min-height: 0; }
.tile { background: var(--tile); border-radius: 1vh; padding: 1.6vh 1.2vw; display: flex; flex-direction: column;
  border-top: 1.2vh solid var(--green); min-height: 0; overflow: hidden; }
.tile[data-state="amber"] { border-top-color: var(--amber); }
.tile[data-state="red"] { border-top-color: var(--red); background: #2a1518; }
.tile > .name, .tile > .badge, .tile > .queue, .tile > .queue-label { flex-shrink: 0; }
.tile dl { min-height: 0; overflow: hidden; }
.tile .name { font-size: 3.6vh; font-weight: bold; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tile .badge { font-size: 2.4vh; font-weight: bold; margin: .4vh 0 .8vh; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tile[data-state="green"] .badge { color: var(--green); }
.tile[data-state="amber"] .badge { color: var(--amber); }
.tile[data-state="red"] .badge { color: var(--red); }
.tile .queue { font-size: 10.5vh; line-height: 1; font-weight: bold; font-variant-numeric: tabular-nums; }
.tile .queue-label { font-size: 2.2vh; color: var(--dim); margin-bottom: 1vh; }
.tile dl { display: grid; grid-template-columns: minmax(0, 1fr) auto; row-gap: .7vh; column-gap: .5vw; align-content: start; }
.tile dt { font-size: 1.7vh; line-height: 1.15; color: var(--dim); align-self: center; }
.tile dd { font-size: 2.9vh; font-weight: bold; text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; align-self: center; }
.tile dd .of { font-size: 1.7vh; color: var(--dim); font-weight: normal; }
.tile .formula { font-size: 1.45vh; color: var(--dim); margin-top: auto; padding-top: .6vh; line-height: 1.2; max-height: 3.6vh; overflow: hidden; }
[data-level="bad"] { color: var(--red); } [data-level="warn"] { color: var(--amber); }
footer { background: var(--tile); border-radius: 1vh; padding: 1vh 1.2vw; min-height: 0; overflow: hidden; display: flex; flex-direction: column; }
#ticker-label { font-size: 2.2vh; color: var(--dim); margin-bottom: .6vh; }
#ticker { list-style: none; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); grid-auto-rows: 3.2vh; column-gap: 2vw; font-size: 2.5vh; }
#ticker li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
#ticker li.none { color: var(--dim); }
body.stale .tile, body.stale footer { opacity: .35; filter: grayscale(1); }
"""#
}
