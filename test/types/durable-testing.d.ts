/**
 * durable-functions ships no declarations for its replay machinery; these cover the parts the tests drive.
 * They are internal modules: package.json pins durable-functions to an exact version for this reason.
 */
declare module 'durable-functions/lib/src/util/testingUtils.js' {
  import type { InvocationContext } from '@azure/functions';

  namespace testingUtils {
    /** What the orchestrator trigger receives: the history so far and the episode's input. */
    class DurableOrchestrationInput {
      constructor(
        instanceId?: string,
        history?: unknown[],
        input?: unknown,
        longRunningTimerIntervalDuration?: string,
        maximumShortTimerDuration?: string,
        defaultHttpAsyncRequestSleepTimeMillseconds?: number,
        schemaVersion?: number,
        isReplaying?: boolean,
        parentInstanceId?: string,
      );
    }

    class DummyOrchestrationContext extends InvocationContext {
      constructor(functionName?: string, invocationId?: string);
    }

    /** What one orchestrator execution returns to the extension. */
    interface OrchestratorState {
      isDone: boolean;
      actions: unknown[][];
      output?: unknown;
      error?: string;
      customStatus?: unknown;
      schemaVersion: number;
    }

    type OrchestratorListener = (
      trigger: DurableOrchestrationInput,
      context: DummyOrchestrationContext,
    ) => Promise<OrchestratorState>;

    function createOrchestrator(handler: (context: never) => unknown): OrchestratorListener;
  }
  export = testingUtils;
}

declare module 'durable-functions/lib/src/orchestrations/ReplaySchema.js' {
  namespace replaySchema {
    enum ReplaySchema {
      V1 = 0,
      V2 = 1,
      V3 = 2,
      V4 = 3,
    }
  }
  export = replaySchema;
}

/** Every history event class takes one options object: the base options plus its own fields. */
declare module 'durable-functions/lib/src/history/OrchestratorStartedEvent.js' {
  namespace m {
    class OrchestratorStartedEvent {
      constructor(options: { eventId: number; timestamp: Date; isPlayed?: boolean });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/OrchestratorCompletedEvent.js' {
  namespace m {
    class OrchestratorCompletedEvent {
      constructor(options: { eventId: number; timestamp: Date; isPlayed?: boolean });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/ExecutionStartedEvent.js' {
  namespace m {
    class ExecutionStartedEvent {
      constructor(options: {
        eventId: number;
        timestamp: Date;
        isPlayed?: boolean;
        name: string;
        input?: string;
      });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/TaskScheduledEvent.js' {
  namespace m {
    class TaskScheduledEvent {
      constructor(options: {
        eventId: number;
        timestamp: Date;
        isPlayed?: boolean;
        name: string;
        input?: string;
      });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/TaskCompletedEvent.js' {
  namespace m {
    class TaskCompletedEvent {
      constructor(options: {
        eventId: number;
        timestamp: Date;
        isPlayed?: boolean;
        taskScheduledId: number;
        result: string;
      });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/TaskFailedEvent.js' {
  namespace m {
    class TaskFailedEvent {
      constructor(options: {
        eventId: number;
        timestamp: Date;
        isPlayed?: boolean;
        taskScheduledId: number;
        reason?: string;
        details?: string;
      });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/TimerCreatedEvent.js' {
  namespace m {
    class TimerCreatedEvent {
      constructor(options: { eventId: number; timestamp: Date; isPlayed?: boolean; fireAt: Date });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/TimerFiredEvent.js' {
  namespace m {
    class TimerFiredEvent {
      constructor(options: {
        eventId: number;
        timestamp: Date;
        isPlayed?: boolean;
        timerId: number;
        fireAt: Date;
      });
    }
  }
  export = m;
}

declare module 'durable-functions/lib/src/history/EventRaisedEvent.js' {
  namespace m {
    class EventRaisedEvent {
      constructor(options: {
        eventId: number;
        timestamp: Date;
        isPlayed?: boolean;
        name: string;
        input?: string;
      });
    }
  }
  export = m;
}
