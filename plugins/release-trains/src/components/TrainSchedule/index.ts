export { TrainSchedule } from './TrainSchedule';
export { NextTrain } from './NextTrain';
