import { ResyncTimer } from './ResyncTimer';

describe('ResyncTimer', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00.000Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('fires once at the earliest time asked for', () => {
    const onFire = jest.fn();
    const timer = new ResyncTimer(onFire);

    timer.schedule(new Date(Date.now() + 5000));
    timer.schedule(new Date(Date.now() + 2000));
    timer.schedule(new Date(Date.now() + 9000));

    expect(timer.scheduledAt).toEqual(new Date(Date.now() + 2000));
    jest.advanceTimersByTime(1999);
    expect(onFire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(onFire).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10_000);
    expect(onFire).toHaveBeenCalledTimes(1);
    expect(timer.scheduledAt).toBeUndefined();
  });

  it('fires at once for a time in the past', () => {
    const onFire = jest.fn();
    const timer = new ResyncTimer(onFire);

    timer.schedule(new Date(Date.now() - 1000));
    jest.advanceTimersByTime(0);

    expect(onFire).toHaveBeenCalledTimes(1);
  });

  it('never fires after it is cancelled', () => {
    const onFire = jest.fn();
    const timer = new ResyncTimer(onFire);
    timer.schedule(new Date(Date.now() + 1000));

    timer.cancel();
    timer.schedule(new Date(Date.now() + 1000));
    jest.advanceTimersByTime(5000);

    expect(onFire).not.toHaveBeenCalled();
  });
});
